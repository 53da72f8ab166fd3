import type { ColumnType } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Json = ColumnType<Record<string, unknown>, string, string>;
type NullableJson = ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;

export interface ContentItemsTable {
  org: string;
  id: Defaulted<string>;
  kind: 'spot' | 'event' | 'course' | 'article';
  status: Defaulted<'draft' | 'in_review' | 'published' | 'unpublished'>;
  version: Defaulted<number>;
  data: Json;
  published_data: NullableJson;
  published_at: Date | null;
  publish_at: Date | null;
  unpublish_at: Date | null;
  category: string | null;
  tags: Defaulted<string[]>;
  lat: number | null;
  lng: number | null;
  starts_at: Date | null;
  ends_at: Date | null;
  external_id: string | null;
  search_text: Defaulted<string>;
  public_search_text: Defaulted<string>;
  created_at: Defaulted<Date>;
  updated_at: Defaulted<Date>;
  created_by: string | null;
  updated_by: string | null;
}

export interface ContentLinksTable {
  org: string;
  from_id: string;
  role: 'stop' | 'venue' | 'related';
  position: number;
  to_id: string;
}

export interface ContentRevisionsTable {
  org: string;
  item_id: string;
  version: number;
  status: string;
  data: Json;
  actor_id: string | null;
  note: string | null;
  created_at: Defaulted<Date>;
}

export interface ContentCategoriesTable {
  org: string;
  kind: 'spot' | 'event';
  code: string;
  names: Json;
  position: Defaulted<number>;
  /** The standard category it stands for in open data; null: exported as 'other'. */
  standard: string | null;
  created_at: Defaulted<Date>;
  updated_at: Defaulted<Date>;
}

export interface MediaTable {
  org: string;
  id: Defaulted<string>;
  kind: 'image' | 'video' | 'pdf';
  mime: string;
  extension: string;
  original_name: string;
  size_bytes: number;
  sha256: string;
  blob_key: string;
  key_version: number;
  alt: ColumnType<Record<string, string>, string | undefined, string>;
  caption: ColumnType<Record<string, string>, string | undefined, string>;
  credit: string | null;
  licence: string | null;
  tags: Defaulted<string[]>;
  created_at: Defaulted<Date>;
  created_by: string | null;
  width: ColumnType<number | null, number | null | undefined, number | null>;
  height: ColumnType<number | null, number | null | undefined, number | null>;
  duration_ms: ColumnType<number | null, number | null | undefined, number | null>;
  derivatives: ColumnType<MediaDerivative[], string | undefined, string>;
}

/** One WebP rendition of an image, stored as its own encrypted blob. */
export interface MediaDerivative {
  variant: string;
  width: number;
  height: number;
  blobKey: string;
  sizeBytes: number;
  sha256: string;
  keyVersion: number;
}

export interface QuarantineTable {
  id: Defaulted<string>;
  org: string;
  original_name: string;
  size_bytes: number;
  signature: string;
  blob_key: string;
  key_version: number;
  actor_id: string | null;
  created_at: Defaulted<Date>;
}

export interface ContentTables {
  'tenant.media': MediaTable;
  'provider.quarantine': QuarantineTable;
  'tenant.content_items': ContentItemsTable;
  'tenant.content_links': ContentLinksTable;
  'tenant.content_revisions': ContentRevisionsTable;
  'tenant.content_categories': ContentCategoriesTable;
}

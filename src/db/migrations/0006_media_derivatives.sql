-- Images are re-encoded (metadata stripped) before they are stored; their pixel size and the
-- WebP derivatives made from them are recorded with the row. Each derivative is its own blob,
-- encrypted with the organisation's data key: [{variant, width, height, blobKey, sizeBytes,
-- sha256, keyVersion}].
ALTER TABLE tenant.media
  ADD COLUMN width integer CHECK (width > 0),
  ADD COLUMN height integer CHECK (height > 0),
  ADD COLUMN derivatives jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(derivatives) = 'array');

-- Where-used and the public check look media ids up in the image lists (and an article's hero
-- image) of both copies.
CREATE INDEX content_items_draft_images ON tenant.content_items USING gin ((data -> 'imageIds'));
CREATE INDEX content_items_live_images ON tenant.content_items USING gin ((published_data -> 'imageIds'))
  WHERE published_data IS NOT NULL;
CREATE INDEX content_items_draft_hero ON tenant.content_items ((data ->> 'heroImageId'));
CREATE INDEX content_items_live_hero ON tenant.content_items ((published_data ->> 'heroImageId'))
  WHERE published_data IS NOT NULL;

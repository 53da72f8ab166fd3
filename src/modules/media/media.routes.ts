import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { IntegrityError } from '../../platform/crypto/segmented-aead.js';
import { AppError, Errors, found } from '../../platform/errors.js';
import { closingOverLimit } from '../../platform/http/close-after-answer.js';
import { parseRange, rangeNotSatisfiable } from '../../platform/http/range.js';
import { defineRoute, noContent, type RouteDeps } from '../../platform/http/route.js';
import {
  deleteMedia,
  findMediaFile,
  findPublicMediaFile,
  getMedia,
  listMedia,
  type MediaDeps,
  type MediaFile,
  openMediaContent,
  updateMedia,
} from './media.service.js';
import { VARIANTS, type Variant } from './media-images.js';
import { MAX_UPLOAD_BYTES, uploadMedia, uploadPlace } from './media-upload.js';

const tags = ['media'];

const Bilingual = Type.Object({ ja: Type.String(), en: Type.String() });

/** The upload's body for the OpenAPI document (nullable: the multipart parser leaves no body to validate). */
const UploadBody = {
  type: 'object',
  nullable: true,
  description: 'multipart/form-data with one part named "file" (the file name must have an extension)',
  properties: { file: { type: 'string', format: 'binary' } },
  required: ['file'],
};

const MediaItemSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('image'), Type.Literal('video'), Type.Literal('pdf')]),
  mime: Type.String(),
  originalName: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  alt: Type.Record(Type.String(), Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  derivatives: Type.Array(
    Type.Object({
      variant: Type.String(),
      width: Type.Integer(),
      height: Type.Integer(),
      sizeBytes: Type.Integer(),
    }),
  ),
});

function errorResponse(description: string) {
  return Type.Object(
    {
      error: Type.Object(
        {
          code: Type.String(),
          message: Bilingual,
          field: Type.Optional(Type.String()),
          requestId: Type.String(),
        },
        { additionalProperties: true },
      ),
    },
    { description },
  );
}

const UPLOAD_RESPONSES = {
  201: MediaItemSchema,
  400: errorResponse('Bad file name, or no file part'),
  401: errorResponse('Not signed in'),
  403: errorResponse('No media:edit permission'),
  413: errorResponse('Over the size limit of the type, or the storage quota'),
  415: errorResponse('Type not accepted, or content and extension or declared type disagree'),
  422: errorResponse('Infected, an unreadable image or video, a damaged PDF or one with active content'),
  503: errorResponse('Virus scanning unavailable'),
};
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

type MediaRouteDeps = RouteDeps & { media: MediaDeps };

/**
 * Registers, in a context of their own, routes that take multipart uploads: only they parse
 * multipart bodies (one sent to any other route is refused, 415, before a byte is parsed), and
 * every other request is spared the parser's two hooks (a share of each public read's CPU).
 */
export async function acceptingUploads(
  app: FastifyInstance,
  limits: { files: number; fields: number; parts: number },
  register: (uploads: FastifyInstance) => void,
): Promise<void> {
  await app.register(async (uploads) => {
    await uploads.register(multipart, {
      // The name as sent: a name with a path in it is refused (400), not silently shortened.
      preservePath: true,
      // Bigger file-stream buffer: fewer pauses between the socket and the pipeline.
      fileHwm: 1024 * 1024,
      limits: { fileSize: MAX_UPLOAD_BYTES, ...limits },
    });
    register(uploads);
  });
}

/** The media library: upload (scanned, type-checked, encrypted), list, serve by right, delete. */
export async function registerMediaRoutes(app: FastifyInstance, deps: MediaRouteDeps): Promise<void> {
  await acceptingUploads(app, { files: 1, fields: 5, parts: 6 }, (uploads) => uploadRoute(uploads, deps));
  uploadPlaceRoute(app, deps);
  libraryRoutes(app, deps);
  fileRoutes(app, deps);
}

/** Upload: streamed through the scanner and the checks, the row written at the end. */
function uploadRoute(app: FastifyInstance, deps: MediaRouteDeps): void {
  defineRoute(app, deps, {
    method: 'POST',
    url: '/api/v1/media',
    access: { permission: 'media:edit' },
    // The upload streams outside any transaction; the row is written in a short one at the end.
    scope: 'tenant',
    transaction: 'lazy',
    schema: {
      summary: 'Upload a file (multipart field "file"): virus-scanned, type-checked, encrypted',
      description:
        'Images are re-encoded without metadata, videos remuxed without metadata, PDFs with active content refused.',
      tags,
      consumes: ['multipart/form-data'],
      body: UploadBody,
      response: UPLOAD_RESPONSES,
    },
    async handler(ctx, _input, request, reply) {
      if (!request.isMultipart())
        throw Errors.unsupportedMediaType(String(request.headers['content-type'] ?? 'none'));
      const part = await request.file();
      if (!part) {
        // The multipart parser skips a part whose name holds a line break, as if it were absent.
        throw Errors.invalidField('file', {
          ja: 'ファイルを受け取れませんでした。ファイルを選択してください（ファイル名に改行を含めることはできません）。',
          en: 'No file was received. Choose a file (a file name cannot contain line breaks).',
        });
      }
      // Over a limit the rest of the body is left unread: answer, then close the connection.
      const item = await closingOverLimit(request, reply, () =>
        uploadMedia(deps.media, ctx, {
          uploadId: uploadIdHeader(request.headers['x-upload-id']),
          filename: part.filename,
          stream: part.file,
          // A part without a Content-Type is reported as text/plain (RFC 7578's default): that
          // says nothing about the file, unlike a type the client chose.
          declaredType: part.mimetype === 'text/plain' ? undefined : part.mimetype,
        }),
      );
      reply.code(201);
      return item;
    },
  });
}

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uploadIdHeader(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && UPLOAD_ID.test(value)) return value.toLowerCase();
  throw Errors.invalidField('X-Upload-Id', {
    ja: 'X-Upload-Id ヘッダーは UUID で指定してください。',
    en: 'The X-Upload-Id header must be a UUID.',
  });
}

/** Where an upload waits: the console asks while the server decodes others' photos first. */
function uploadPlaceRoute(app: FastifyInstance, deps: MediaRouteDeps): void {
  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/media/uploads/:uploadId',
    access: { permission: 'media:edit' },
    scope: 'tenant',
    transaction: 'lazy',
    noStore: true,
    schema: {
      summary: "Your upload's place in this node's processing queue (waiting with n ahead, or running)",
      tags,
      params: Type.Object({ uploadId: Type.String({ format: 'uuid' }) }),
    },
    async handler(ctx, input) {
      const place = uploadPlace(deps.media, ctx, input.params.uploadId.toLowerCase());
      if (!place) throw Errors.notFound();
      return place;
    },
  });
}

/** The library's rows: list, one item with where it is used, texts and licence, delete. */
function libraryRoutes(app: FastifyInstance, deps: MediaRouteDeps): void {
  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/media',
    access: { permission: 'media:view' },
    scope: 'tenant',
    schema: { summary: 'The media library', tags },
    handler: (ctx) => listMedia(ctx),
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/media/:id',
    access: { permission: 'media:view' },
    scope: 'tenant',
    schema: {
      summary: 'One file with its texts, dimensions, derivatives and where it is used',
      tags,
      params: IdParams,
    },
    handler: (ctx, input) => getMedia(ctx, deps.media.usage, input.params.id),
  });

  const text = Type.String({ maxLength: 500 });
  const Texts = Type.Object(
    {
      ja: Type.Optional(text),
      en: Type.Optional(text),
      'zh-Hans': Type.Optional(text),
      'zh-Hant': Type.Optional(text),
      ko: Type.Optional(text),
      th: Type.Optional(text),
    },
    { additionalProperties: false },
  );
  defineRoute(app, deps, {
    method: 'PATCH',
    url: '/api/v1/media/:id',
    access: { permission: 'media:edit' },
    scope: 'tenant',
    schema: {
      summary: 'Alt text and caption per language, credit, licence (画像_ライセンス), tags',
      tags,
      params: IdParams,
      body: Type.Object(
        {
          alt: Type.Optional(Texts),
          caption: Type.Optional(Texts),
          credit: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
          licence: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
          tags: Type.Optional(
            Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 30, uniqueItems: true }),
          ),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
    },
    handler: (ctx, input) => updateMedia(ctx, input.params.id, input.body),
  });

  defineRoute(app, deps, {
    method: 'DELETE',
    url: '/api/v1/media/:id',
    access: { permission: 'media:edit' },
    // The row goes in a transaction of its own: the blobs are removed only once it has committed.
    scope: 'tenant',
    transaction: 'lazy',
    schema: {
      summary: 'Delete a file; one in use is refused (409 media_in_use) unless detach=true',
      tags,
      params: IdParams,
      querystring: Type.Object({ detach: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
    },
    async handler(ctx, input, _request, reply) {
      const blobKeys = await ctx.transaction((tx) =>
        deleteMedia(tx, deps.media.usage, input.params.id, input.query.detach === true),
      );
      await Promise.all(blobKeys.map((key) => deps.media.blobs.delete(key)));
      return noContent(reply);
    },
  });
}

/** The bytes: the console's (by right) and published content's (public), streamed decrypted. */
function fileRoutes(app: FastifyInstance, deps: MediaRouteDeps): void {
  defineRoute(app, deps, {
    method: 'GET',
    url: '/api/v1/media/:id/content',
    access: { permission: 'media:view' },
    // Looked up in a short transaction: none may be open while the file streams.
    scope: 'tenant',
    transaction: 'lazy',
    schema: {
      summary: 'The file or one of its WebP derivatives, decrypted on the fly (Range supported)',
      tags,
      params: IdParams,
      querystring: Type.Object(
        { variant: Type.Optional(Type.Union(VARIANTS.map((v) => Type.Literal(v)))) },
        { additionalProperties: false },
      ),
    },
    async handler(ctx, input, request, reply) {
      const variant = input.query.variant ?? 'original';
      const file = found(await ctx.transaction((tx) => findMediaFile(tx, input.params.id, variant)));
      return sendMediaFile(deps.media, ctx.scope.org, file, request, reply, 'private, max-age=300');
    },
  });

  defineRoute(app, deps, {
    method: 'GET',
    url: '/s/:serviceCode/media/:id/:variant',
    access: { public: true },
    // Looked up in a short transaction of its own: none may be open while the file streams.
    scope: 'tenant',
    transaction: 'lazy',
    schema: {
      summary: 'A file shown by published content: the original or a WebP derivative (w320.webp …)',
      tags,
      hide: true,
      params: Type.Object({
        serviceCode: Type.String({ maxLength: 64 }),
        id: Type.String({ maxLength: 64 }),
        variant: Type.String({ maxLength: 20 }),
      }),
    },
    async handler(ctx, input, request, reply) {
      const variant = PUBLIC_VARIANTS[input.params.variant];
      // Unknown, draft-only and other organisations' files all look the same: not found.
      const file =
        variant &&
        (await ctx.transaction((tx) => findPublicMediaFile(tx, deps.media.usage, input.params.id, variant)));
      if (!file) throw Errors.notFound();
      // The bytes behind a URL never change (a new upload gets a new id), so caches may keep them.
      return sendMediaFile(deps.media, ctx.scope.org, file, request, reply, 'public, max-age=300');
    },
  });
}

/** The public names of a file's variants: `original`, `w320.webp` … */
export const PUBLIC_VARIANTS: Record<string, 'original' | Variant | undefined> = Object.assign(
  Object.create(null),
  { original: 'original' },
  Object.fromEntries(VARIANTS.map((v) => [`${v}.webp`, v])),
);

/**
 * Sends a stored file decrypted on the fly: every segment is verified before its bytes go out.
 * Range requests for seeking, an ETag of the content, the stored type with nosniff, and a
 * server-chosen file name (the uploaded name never reaches a header).
 */
export async function sendMediaFile(
  media: MediaDeps,
  org: string,
  file: MediaFile,
  request: FastifyRequest,
  reply: FastifyReply,
  cacheControl: string,
) {
  const etag = `"${file.sha256}"`;
  reply
    .header('x-content-type-options', 'nosniff')
    .header('accept-ranges', 'bytes')
    .header('etag', etag)
    .header('cache-control', cacheControl);
  if (request.headers['if-none-match'] === etag && !request.headers.range) return reply.code(304).send();
  const size = file.sizeBytes;
  const range = parseRange(request.headers.range, size);
  if (range === 'invalid') {
    reply.header('content-range', `bytes */${size}`);
    throw rangeNotSatisfiable();
  }
  let stream: Awaited<ReturnType<typeof openMediaContent>>;
  try {
    stream = await openMediaContent(media, org, { blob_key: file.blobKey, size_bytes: size }, range);
  } catch (error) {
    if (error instanceof IntegrityError) throw integrityFailure(error);
    throw error;
  }
  // A tampered segment fails before its bytes are sent; the connection is then cut.
  stream.on('error', (error) =>
    request.log.error({ err: error, blob: file.blobKey }, 'stored file failed its integrity check'),
  );
  reply
    .header('content-type', file.mime)
    .header('content-disposition', `inline; filename="${file.filename}"`);
  if (file.kind === 'pdf')
    reply.header('content-security-policy', "sandbox; default-src 'none'; object-src 'none'");
  if (range) {
    reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
      .header('content-length', String(range.end - range.start + 1));
  } else {
    reply.header('content-length', String(size));
  }
  return reply.send(stream);
}

function integrityFailure(cause: unknown) {
  return new AppError(
    500,
    'integrity_error',
    {
      ja: '保存されているファイルが改ざんまたは破損しているため、表示できません。',
      en: 'The stored file failed its integrity check (tampered or damaged) and cannot be served.',
    },
    { cause },
  );
}

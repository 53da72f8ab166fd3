-- The console's lists (newest change first, any status) read one organisation's items of a kind
-- in (updated_at DESC, id DESC) order: content_items_list puts status before updated_at, so at
-- 1,000 items per organisation the plan read all of them and sorted (81 ms in bench/scale.ts).
CREATE INDEX content_items_recent ON tenant.content_items (org, kind, updated_at DESC, id DESC);

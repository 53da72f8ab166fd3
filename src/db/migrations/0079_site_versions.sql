-- The version row of 0078 moves with an organisation's site too (issue 13): its settings and its
-- own categories are public data the published reads hold per node (a site beside the model and
-- the tier of its items), and a node serving a thousand organisations read every site again each
-- TTL (a transaction of seven statements each, seventeen a second) only to learn that nothing had
-- changed. Now a held site carries the version it was read at and its check reads that one row,
-- many organisations in one statement, as the model's and the tier's do.
--
-- One number for all of an organisation's public data: a change to its site also tells the
-- holders of its items to read them again, as the invalidation bus already does (the answers
-- they hold are prepared in the site's default language). The functions are 0078's: they read
-- only the `org` of the rows a statement wrote.

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['site_settings', 'content_categories'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON tenant.%I REFERENCING NEW TABLE AS written
      FOR EACH STATEMENT EXECUTE FUNCTION tenant.published_items_written()', t || '_inserted_version', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON tenant.%I REFERENCING NEW TABLE AS written
      FOR EACH STATEMENT EXECUTE FUNCTION tenant.published_items_written()', t || '_updated_version', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON tenant.%I REFERENCING OLD TABLE AS written
      FOR EACH STATEMENT EXECUTE FUNCTION tenant.published_items_deleted()', t || '_deleted_version', t);
  END LOOP;
END $$;

-- Every organisation with a site has a version row from now on (a delete moves only an existing
-- one): those that have published nothing yet get theirs here.
ALTER TABLE tenant.site_settings NO FORCE ROW LEVEL SECURITY;
ALTER TABLE tenant.published_versions NO FORCE ROW LEVEL SECURITY;
INSERT INTO tenant.published_versions (org, version)
SELECT s.org, nextval('tenant.published_version_seq') FROM tenant.site_settings s
 WHERE NOT EXISTS (SELECT 1 FROM tenant.published_versions v WHERE v.org = s.org);
ALTER TABLE tenant.site_settings FORCE ROW LEVEL SECURITY;
ALTER TABLE tenant.published_versions FORCE ROW LEVEL SECURITY;

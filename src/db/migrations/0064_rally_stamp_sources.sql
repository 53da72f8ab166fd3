-- Stamp rally anti-fraud (issue 16, item 4): where a stamp came from, as keyed hashes (HMAC under
-- a key derived from the master key, per campaign), never the address or headers themselves.
-- `address_hash`: the client's IP address, for a per-address rate limit shared by every node.
-- `device_hash`: a few request headers and a first-party device cookie, to flag one device
-- stamping for many participants at a checkpoint within minutes.
ALTER TABLE tenant.rally_stamps
  ADD COLUMN address_hash text CHECK (address_hash ~ '^[0-9a-f]{32}$'),
  ADD COLUMN device_hash  text CHECK (device_hash ~ '^[0-9a-f]{32}$');
CREATE INDEX rally_stamps_address ON tenant.rally_stamps (org, campaign_id, address_hash, stamped_at)
  WHERE address_hash IS NOT NULL;
CREATE INDEX rally_stamps_device ON tenant.rally_stamps (org, campaign_id, device_hash, stamped_at)
  WHERE device_hash IS NOT NULL;

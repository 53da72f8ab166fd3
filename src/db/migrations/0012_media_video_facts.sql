-- A video's duration, read by ffprobe at upload (its width and height use the image columns).
ALTER TABLE tenant.media
  ADD COLUMN duration_ms integer CHECK (duration_ms > 0);

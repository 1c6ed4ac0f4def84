# The media tests' S3 server and buckets (test_media_storage.py, test_media_backup.py).
from tests.s3 import bucket, media_in_bucket, s3_server  # noqa: F401

"""A real S3-compatible server for the media tests: moto's, on loopback, which speaks
the same HTTP API as AWS, MinIO or any provider's; buckets in it; and the settings
alongside/settings/base.py makes from the environment an operator would set (settings
are read when an app server starts, so base.py is run afresh here)."""

import os
import runpy
import uuid
from types import SimpleNamespace

import boto3
import pytest
from moto.server import ThreadedMotoServer

from alongside.settings import base

# What docs/deploy.md asks of the bucket: anyone may read its files, nobody list or
# change them without the keys.
PUBLIC_READ = """{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "LearnersReadMedia",
    "Effect": "Allow",
    "Principal": "*",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::BUCKET/*"
  }]
}"""

KEYS = {"AWS_ACCESS_KEY_ID": "alongside-test", "AWS_SECRET_ACCESS_KEY": "not-secret"}


def settings_from(env):
    """The settings base.py makes from these environment variables (and no others
    of media's), as an app server starting with them would have."""
    with pytest.MonkeyPatch.context() as patch:
        for name in os.environ:
            if name.startswith("AWS_"):
                patch.delenv(name)
        for name, value in env.items():
            patch.setenv(name, value)
        return runpy.run_path(base.__file__)


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def new_bucket(s3_server):
    name = f"media-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3", endpoint_url=s3_server, region_name="us-east-1", **key_arguments()
    )
    client.create_bucket(Bucket=name)

    def objects():
        listing = client.list_objects_v2(Bucket=name).get("Contents", [])
        return {
            item["Key"]: client.get_object(Bucket=name, Key=item["Key"])["Body"].read()
            for item in listing
        }

    env = {
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_server,
        "AWS_S3_REGION_NAME": "us-east-1",
    }

    def make_public():
        client.put_bucket_policy(
            Bucket=name, Policy=PUBLIC_READ.replace("BUCKET", name)
        )

    return SimpleNamespace(name=name, env=env, objects=objects, make_public=make_public)


def key_arguments():
    return {
        "aws_access_key_id": KEYS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": KEYS["AWS_SECRET_ACCESS_KEY"],
    }


@pytest.fixture
def bucket(s3_server, monkeypatch):
    """An empty bucket, and this process's keys for it (django-storages reads them
    from the environment, as in production)."""
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    return new_bucket(s3_server)


@pytest.fixture
def media_in_bucket(bucket, settings):
    """The site as an app server started with the bucket's variables runs it."""
    bucket.make_public()
    started = settings_from(bucket.env)
    settings.STORAGES = {**settings.STORAGES, "default": started["STORAGES"]["default"]}
    settings.CONTENT_SECURITY_POLICY = started["CONTENT_SECURITY_POLICY"]
    return bucket

"""Deploy to S3-compatible object storage (Aliyun OSS, Tencent COS, Huawei OBS, MinIO) with boto3.

The bucket holds the site's files as objects plus ``.deploy/manifest.json``:
the content hashes and headers of the deployed build.  A deploy compares it
with the local build and uploads only what differs, in the order of
``manifest.upload_order`` (assets before the pages that use them, the
sitemap last); only after every upload succeeded does it delete the objects
the new build no longer has (never one whose URL is in ``urls.lock``: an old
URL keeps answering even if the lock check was bypassed), and it writes the
new manifest last.  An interrupted deploy leaves the old manifest and every
old object in place: the old pages still find their assets, and running the
deploy again finishes the job.

Text objects are stored gzip-compressed (the build's deterministic ``.gz``
files) with ``Content-Encoding: gzip``: OSS, COS, OBS and their CDNs pass
the header through, and every browser and search engine crawler accepts
gzip.  ``gzip: False`` in the target turns it off for a CDN that compresses
by itself.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable, Iterable, Mapping

from . import manifest as mf
from .report import DeployFailed, DeployReport
from .targets import S3Target, secret
from .verify import verify_release

MANIFEST_KEY = ".deploy/manifest.json"


def make_client(target: S3Target, env: Mapping[str, str] = os.environ):
    """A boto3 S3 client for the target; credentials only from the environment variables it names.

    Checksums are sent only when the API requires them: newer boto3 adds
    CRC32 trailers by default, which several S3-compatible services reject.
    """
    import boto3
    from botocore.config import Config

    config = Config(
        s3={"addressing_style": target.addressing_style},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries={"max_attempts": 5, "mode": "standard"},
        connect_timeout=10,
        read_timeout=60,
    )
    return boto3.client(
        "s3",
        endpoint_url=target.endpoint_url,
        region_name=target.region,
        aws_access_key_id=secret(env, target.access_key_env, "对象存储的 AccessKey ID"),
        aws_secret_access_key=secret(env, target.secret_key_env, "对象存储的 AccessKey Secret"),
        config=config,
    )


def _client_error(exc: Exception, action: str) -> DeployFailed:
    return DeployFailed(f"对象存储{action}失败：{type(exc).__name__}: {exc} [deploy-s3-failed]")


def read_remote_manifest(client, target: S3Target) -> dict:
    """The manifest of the deployed build, or an empty one for a new bucket."""
    from botocore.exceptions import ClientError

    try:
        response = client.get_object(Bucket=target.bucket, Key=target.prefix + MANIFEST_KEY)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
            return mf.parse_manifest(b"")
        raise _client_error(exc, "读取发布清单") from None
    data = response["Body"].read()
    if response.get("ContentEncoding") == "gzip" and data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return mf.parse_manifest(data)


def put_file(client, target: S3Target, output: str, entry: mf.Entry) -> None:
    extra = {"ContentType": entry.content_type, "CacheControl": entry.cache_control}
    if entry.encoding:
        extra["ContentEncoding"] = entry.encoding
    with open(mf.body_path(output, entry), "rb") as body:
        client.put_object(Bucket=target.bucket, Key=target.prefix + entry.path, Body=body, **extra)


def deploy_s3(
    target: S3Target,
    output: str,
    build_id: str,
    locked_urls: Iterable[str],
    client,
    dry_run: bool = False,
    log: Callable[[str], None] = print,
    before_upload: Callable[[int, str], None] | None = None,
) -> DeployReport:
    """Upload the changed files of ``output``; ``before_upload(index, path)`` is a hook for tests."""
    from botocore.exceptions import BotoCoreError, ClientError

    output = os.path.realpath(output)  # one release: a build switching ``output`` meanwhile changes nothing
    verify_release(output)  # the whole tree before the first request: nothing half-uploaded
    local = mf.build_manifest(output, target.gzip)
    remote = read_remote_manifest(client, target)
    steps = mf.plan(local, remote.get("files", {}), locked_urls)
    urls = mf.read_urls(output)
    previous_urls = set(remote.get("urls", []))
    report = DeployReport(
        target=target.name,
        build_id=build_id,
        dry_run=dry_run,
        added=list(steps.added),
        updated=list(steps.updated),
        deleted=list(steps.deleted),
        kept_locked=list(steps.kept_locked),
        new_urls=[u for u in urls if u not in previous_urls],
    )
    if dry_run:
        return report
    try:
        for index, path in enumerate(steps.uploads):
            if before_upload:
                before_upload(index, path)
            put_file(client, target, output, local[path])
            log(f"  上传 {path}")
        for start in range(0, len(steps.deleted), 1000):  # DeleteObjects takes at most 1,000 keys
            chunk = steps.deleted[start : start + 1000]
            response = client.delete_objects(
                Bucket=target.bucket,
                Delete={"Objects": [{"Key": target.prefix + p} for p in chunk], "Quiet": True},
            )
            if response.get("Errors"):
                first = response["Errors"][0]
                raise DeployFailed(
                    f"对象存储删除旧文件失败：{first.get('Key')}: {first.get('Message')} [deploy-s3-failed]"
                )
            for path in chunk:
                log(f"  删除 {path}")
        # The manifest last: until it is written the stored one still lists the old files, so an
        # interrupted deploy is simply repeated (uploads are idempotent, deleting a gone key is not an error).
        client.put_object(
            Bucket=target.bucket,
            Key=target.prefix + MANIFEST_KEY,
            Body=mf.manifest_json(local, build_id, urls),
            ContentType="application/json; charset=utf-8",
            CacheControl=mf.NO_CACHE,
        )
    except (ClientError, BotoCoreError) as exc:
        raise _client_error(exc, "上传") from None
    except OSError as exc:
        raise DeployFailed(f"读取 {exc.filename} 失败：{exc.strerror} [deploy-read-failed]") from None
    return report

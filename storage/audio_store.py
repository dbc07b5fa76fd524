"""`AudioStore`: answer recordings over fsspec, a local directory or S3."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fsspec

from storage.signing import sign_local_url

if TYPE_CHECKING:
    from core.settings import Settings

# Copy pieces, and the buffer s3fs fills before sending a multipart part (S3's minimum):
# memory per upload in flight stays a few MiB whatever the recording's size.
COPY_PIECE_BYTES = 1024 * 1024
S3_PART_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SignedUrl:
    """A URL an `<audio>` element can play without headers, and when it stops working."""

    url: str
    expires_at: datetime


class AudioStore:
    """Stores, signs and deletes recordings under server-generated keys."""

    def __init__(
        self, url: str, *, endpoint_url: str = "", region: str = "", secret: str, public_url: str
    ) -> None:
        self.is_s3 = url.startswith("s3://")
        self.secret = secret
        self.public_url = public_url.rstrip("/")
        if self.is_s3:
            client_kwargs: dict[str, Any] = {}
            if endpoint_url:
                client_kwargs["endpoint_url"] = endpoint_url
            if region:
                client_kwargs["region_name"] = region
            # Fresh instances: s3fs caches filesystems per arguments, and tests swap endpoints.
            self.fs = fsspec.filesystem("s3", client_kwargs=client_kwargs, skip_instance_cache=True)
            self.root = url.removeprefix("s3://").rstrip("/")
        else:
            self.fs = fsspec.filesystem("file")
            self.root = str(Path(url.removeprefix("file://")).resolve())
            Path(self.root).mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> str:
        """Where a key lives in the filesystem."""
        return f"{self.root}/{key}"

    def _put(self, local_file: Path, key: str) -> None:
        target = self.path(key)
        if not self.is_s3:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        with (
            local_file.open("rb") as source,
            self.fs.open(target, "wb", block_size=S3_PART_BYTES) as sink,
        ):
            while piece := source.read(COPY_PIECE_BYTES):
                sink.write(piece)

    async def put(self, local_file: Path, key: str) -> None:
        """Store a local file under `key`."""
        await asyncio.to_thread(self._put, local_file, key)

    def _delete(self, keys: list[str]) -> None:
        paths = [self.path(key) for key in keys]
        existing = [p for p in paths if self.fs.exists(p)]
        if existing:
            self.fs.rm(existing)
        if not self.is_s3:  # S3 has no folders; local ones left empty go too
            for folder in {Path(p).parent for p in paths}:
                self._prune(folder)

    def _prune(self, folder: Path) -> None:
        """Remove `folder` and its parents while they are empty, never the root itself."""
        root = Path(self.root)
        while folder != root and folder.is_relative_to(root):
            try:
                folder.rmdir()  # only ever succeeds on an empty folder
            except OSError:
                return
            folder = folder.parent

    async def delete(self, keys: list[str]) -> None:
        """Remove recordings; missing keys are fine (a retry after a partial failure)."""
        if keys:
            await asyncio.to_thread(self._delete, keys)

    async def exists(self, key: str) -> bool:
        """True when a recording is stored under `key`."""
        return bool(await asyncio.to_thread(self.fs.exists, self.path(key)))

    def download(self, key: str, target: Path) -> None:
        """Copy a recording to a local file (blocking: call it in a thread)."""
        self.fs.get(self.path(key), str(target))

    def local_file(self, key: str) -> Path | None:
        """The file behind a key of local storage; None if the key leads outside the root."""
        assert not self.is_s3
        path = Path(self.path(key)).resolve()
        return path if path.is_relative_to(self.root) and path != Path(self.root) else None

    async def signed_url(self, key: str, seconds: int) -> SignedUrl:
        """S3: a presigned URL. Local: an HMAC-signed link to the API's audio route."""
        expires_at = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=seconds)
        if self.is_s3:
            url = await asyncio.to_thread(self.fs.sign, self.path(key), expiration=seconds)
            return SignedUrl(str(url), expires_at)
        return SignedUrl(sign_local_url(self.public_url, key, expires_at, self.secret), expires_at)

    async def check(self) -> None:
        """Raise unless the bucket (or directory) answers (readiness)."""
        if self.is_s3:  # the bucket, uncached: a cached listing would hide an outage
            await asyncio.to_thread(self.fs.ls, self.root.split("/", 1)[0], refresh=True)
        else:
            await asyncio.to_thread(self._check_local)

    def _check_local(self) -> None:
        root = Path(self.root)
        root.mkdir(parents=True, exist_ok=True)
        if not os.access(root, os.W_OK):
            raise PermissionError(f"{root} is not writable")


def open_store(settings: Settings) -> AudioStore:
    """The audio store the settings name (API and workers alike)."""
    return AudioStore(
        settings.storage_url,
        endpoint_url=settings.s3_endpoint_url,
        region=settings.s3_region,
        secret=settings.secret_key,
        public_url=settings.public_url,
    )

"""The practice page: one HTML document at `/`, its scripts and styles under /app."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from litestar import Response, get
from litestar.datastructures import CacheControlHeader
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

from core.settings import Settings

STATIC = Path(__file__).parent / "static"
ASSETS = "/app"


@get("/", include_in_schema=False, media_type="text/html")
async def practice_page() -> Response[bytes]:
    """The page; it is small and read once per visit, so it is read from disk each time."""
    return Response((STATIC / "index.html").read_bytes(), media_type="text/html")


def page_routes() -> list[ControllerRouterHandler]:
    """The page and its assets (committed files: nothing is built at install time)."""
    assets = create_static_files_router(
        path=ASSETS,
        directories=[STATIC],
        include_in_schema=False,
        name="page-assets",
        # Revalidated on every load: the modules' names carry no version, and after a
        # deploy old and new modules must not mix.
        cache_control=CacheControlHeader(no_cache=True),
    )
    return [practice_page, assets]


def _origin(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _bucket_sources(settings: Settings) -> set[str]:
    """Where presigned links to the recordings' bucket point, and nowhere else on S3."""
    bucket = settings.storage_url.removeprefix("s3://").split("/", 1)[0]
    if settings.s3_endpoint_url:  # MinIO and the like: the endpoint's own origin
        return {_origin(settings.s3_endpoint_url)}
    region = settings.s3_region or "us-east-1"
    return {  # virtual-hosted and path-style addresses of this one bucket
        f"https://{bucket}.s3.amazonaws.com",
        f"https://{bucket}.s3.{region}.amazonaws.com",
        f"https://s3.amazonaws.com/{bucket}/",
        f"https://s3.{region}.amazonaws.com/{bucket}/",
    }


def page_csp(settings: Settings) -> bytes:
    """Exactly what the page needs: its own files and API, recordings from the storage."""
    # Recordings play from signed URLs: the API's public address (local storage) or S3.
    media = {"'self'", "blob:", _origin(settings.public_url)}
    if settings.storage_url.startswith("s3://"):
        media |= _bucket_sources(settings)
    sources = " ".join(sorted(m for m in media if m))
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"media-src {sources}; connect-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ).encode()

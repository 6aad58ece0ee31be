"""Files a static host needs beside the pages: robots.txt (pointing at the sitemap MkDocs writes)."""

from __future__ import annotations


def robots_txt(site_url: str | None) -> str:
    """Allow everything; name the sitemap when the site's address is known."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"

"""The public schedule API (/api/v1/): read-only, cookieless, cacheable; see
docs/architecture.md#surfaces.
"""

"""Uploading CSV files to the import routes."""


def url(client, what: str) -> str:
    return f"/api/v1/clients/{client.id}/imports/{what}"


def upload(caller, client, what: str, content: str | bytes, *, dry_run: bool = False,
           **params):
    data = content.encode() if isinstance(content, str) else content
    return caller.post(url(client, what), params={"dry_run": str(dry_run).lower(), **params},
                       files={"file": (f"{what}.csv", data, "text/csv")})

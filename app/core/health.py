"""Is the database reachable?"""

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError


def database_ready(engine: Engine) -> bool:
    """True when the database answers `SELECT 1` (outside any transaction, so a probe
    never waits behind SQLite's write lock)."""
    try:
        connection = engine.raw_connection()
    except SQLAlchemyError:
        return False
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        return True
    except Exception:  # any driver error means "not ready"
        return False
    finally:
        connection.close()

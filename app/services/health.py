"""Is the database reachable?"""

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError


def database_ready(engine: Engine) -> bool:
    """True when the database answers `SELECT 1`."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False

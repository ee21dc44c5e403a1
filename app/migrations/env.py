"""Alembic environment: runs on SQLite (batch mode) and PostgreSQL."""

from alembic import context
from sqlalchemy import create_engine, pool
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers every table on the metadata)

config = context.config
target_metadata = SQLModel.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection, target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite", compare_type=True,
    )


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def _sqlite_foreign_keys(connection, on: bool) -> None:
    # Batch mode rebuilds a table (copy, DROP, rename); with enforcement on, dropping a table
    # that other rows reference fails. The pragma only works outside a transaction, so it
    # goes to the driver's connection directly (it runs in autocommit, see app/db.py).
    connection.connection.dbapi_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _check_sqlite_foreign_keys(connection) -> None:
    broken = connection.connection.dbapi_connection.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"the migration left rows with dangling references: {broken[:5]}")


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        pause_keys = connection.dialect.name == "sqlite" and not connection.in_transaction()
        if pause_keys:
            _sqlite_foreign_keys(connection, on=False)
        try:
            _configure(connection)
            with context.begin_transaction():
                context.run_migrations()
            if pause_keys and connection.in_transaction():
                connection.commit()
        finally:
            if pause_keys:
                if connection.in_transaction():  # the migration failed
                    connection.rollback()
                _sqlite_foreign_keys(connection, on=True)
        if pause_keys:
            _check_sqlite_foreign_keys(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

"""Storage for Parcours: the ORM models, the database engine and sessions, and migrations.

Services reach the database only through :class:`core.persistence.database.Database`
(``read()`` / ``write()``), whose errors are already translated into ``core.errors`` types;
``core.persistence.migrate`` brings a database to the schema the code expects.
"""

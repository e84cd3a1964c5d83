"""Alembic migrations of the Parcours schema, run from the installed package by ``migrate``.

This package exists so that ``env.py`` ships with the code; the revision scripts under
``versions/`` are package data and deliberately not a package.
"""

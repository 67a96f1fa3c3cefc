"""Inclusion and certification-rights applications: built in the back-office issue."""

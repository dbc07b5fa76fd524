"""Piccolo app holding every table of the service."""

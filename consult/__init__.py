"""consult: youth consultations for the ITU Council Working Group on Child Online Protection."""

from consult.app import create_app

__all__ = ["create_app"]

"""The web app: FastAPI factory, pages and JSON API."""

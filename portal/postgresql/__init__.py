"""Django's PostgreSQL backend with a client-side deadline (ENGINE "portal.postgresql")."""

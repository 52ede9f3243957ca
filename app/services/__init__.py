"""Operations on the database (no HTTP): the API routes and the sync endpoint both call these."""

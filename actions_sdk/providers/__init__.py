"""One pure translator per vendor: Auth0 and ZITADEL."""

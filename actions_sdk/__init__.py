"""actions-sdk."""

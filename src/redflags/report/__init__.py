"""The counsellor's summary in every format."""

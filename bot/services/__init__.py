"""The service layer: what listeners and jobs share between Slack, the store and the core."""

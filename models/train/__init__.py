"""Training pipeline for the ECG Review Desk beat classifier (see models/README.md)."""

"""Reading an organisation's folder: YAML and CSV with positions, validated into the model."""

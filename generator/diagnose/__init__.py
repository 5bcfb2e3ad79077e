"""The programme checked against the playbook: rules, findings and their reports."""

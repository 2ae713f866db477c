// Alerting: placeholder until its issue lands.

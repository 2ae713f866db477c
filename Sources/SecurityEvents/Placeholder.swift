// SecurityEvents: placeholder until its issue lands.

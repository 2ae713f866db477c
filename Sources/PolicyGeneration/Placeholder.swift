// PolicyGeneration: placeholder until its issue lands.

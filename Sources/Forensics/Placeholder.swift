// Forensics: placeholder until its issue lands.

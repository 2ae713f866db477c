// AWSClient: placeholder until its issue lands.

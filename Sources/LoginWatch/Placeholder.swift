// LoginWatch: placeholder until its issue lands.

// LambdaRuntime: placeholder until its issue lands.

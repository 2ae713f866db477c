// BucketExposure: placeholder until its issue lands.

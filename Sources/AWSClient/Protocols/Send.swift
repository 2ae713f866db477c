import FoundationEssentials

extension AWSClient {
    /// Addresses, signs and sends a request under the retry policy; a non-2xx answer
    /// becomes an `AWSError`. Each attempt is signed afresh and bounded by the deadline.
    func send(_ call: AWSRequest) async throws -> HTTPResponse {
        let endpoint = try endpoints.endpoint(for: call.service, region: region)
        let request = address(call, at: endpoint)
        let signer = SigV4Signer(credentials: credentials, region: endpoint.signingRegion, service: call.service.signingName)
        let clock = ContinuousClock()
        AWSCallTally.current?.recordCall()
        var attempt = 0
        while true {
            attempt += 1
            let failure: any Error
            do {
                var signed = request
                signer.sign(&signed, date: Date())
                let response = try await transport.send(signed, timeout: try attemptTimeout(clock: clock, operation: call.operation))
                if (200..<300).contains(response.status) { return response }
                let error = ErrorDecoding.error(from: response, service: call.service.name, operation: call.operation.name)
                guard error.isRetryable else { throw error }
                failure = error
            } catch let error as AWSClientError {
                guard case .transport = error else { throw error }
                failure = error
            }
            guard attempt < retryPolicy.maxAttempts, try await pause(after: attempt) else { throw failure }
            AWSCallTally.current?.recordRetry()
        }
    }

    /// Sleeps the retry policy's backoff after failed attempt `attempt`; false, without
    /// sleeping, when the deadline would pass first.
    func pause(after attempt: Int) async throws -> Bool {
        let delay = retryPolicy.delay(after: attempt)
        if let deadline, ContinuousClock.now + delay + .milliseconds(50) >= deadline { return false }
        try await Task.sleep(for: delay)
        return true
    }

    /// Time left for one attempt: what remains before the deadline, at most five minutes.
    private func attemptTimeout(clock: ContinuousClock, operation: AWSOperation) throws(AWSClientError) -> Duration {
        guard let deadline else { return .seconds(300) }
        let remaining = clock.now.duration(to: deadline)
        guard remaining > .milliseconds(50) else {
            throw .deadlineExceeded("no time left for \(operation.label)")
        }
        return min(remaining, .seconds(300))
    }

    /// The HTTP request for a call at its endpoint: host label or path-style bucket, base path.
    func address(_ call: AWSRequest) throws(AWSClientError) -> HTTPRequest {
        address(call, at: try endpoints.endpoint(for: call.service, region: region))
    }

    private func address(_ call: AWSRequest, at endpoint: Endpoints.Endpoint) -> HTTPRequest {
        var host = endpoint.host
        var path = call.path
        var headers = call.headers
        switch call.hostLabel {
        case .bucket(let bucket):
            // Virtual-hosted style on AWS; path style under an override (as the SDKs do) and
            // for names with dots, which a wildcard certificate cannot cover.
            if endpoint.isOverride || bucket.contains(".") {
                path = "/" + URIEncoding.encode(bucket) + (path == "/" ? "" : path)
            } else {
                host = "\(bucket).\(host)"
            }
        case .account(let account):
            if !endpoint.isOverride { host = "\(account).\(host)" }
            headers.append(("x-amz-account-id", account))
        case nil:
            break
        }
        return HTTPRequest(method: call.method, scheme: endpoint.scheme, host: host, path: endpoint.basePath + path,
                           query: call.query, headers: headers, body: call.body)
    }
}

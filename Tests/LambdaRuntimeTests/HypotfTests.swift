import Glibc
import GlibcCompat
import Testing

/// The hypotf that deployed binaries link (GlibcCompat, for glibc 2.34) must agree with
/// libm's own, loaded here by dlopen so that the comparison is with the real thing.
struct HypotfTests {
    typealias Hypotf = @convention(c) (Float, Float) -> Float

    func libmHypotf() throws -> Hypotf {
        // dlsym on libm's handle searches libm (and its dependencies), never this executable.
        let libm = try #require(dlopen("libm.so.6", RTLD_NOW))
        let symbol = try #require(dlsym(libm, "hypotf"))
        return unsafeBitCast(symbol, to: Hypotf.self)
    }

    /// Same bits, or both NaN (a NaN's payload is not specified).
    func agree(_ a: Float, _ b: Float) -> Bool {
        a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    }

    static let specials: [Float] = [
        0, -0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, Float(bitPattern: 0x007F_FFFF),
        .leastNormalMagnitude, 1e-30, 1, -1, 3, 4, 0.1, 1e10, 1.8e19, 1e30, .greatestFiniteMagnitude / 2,
        .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, .nan, -.nan, .signalingNaN,
    ]

    @Test func agreesWithLibmOnSpecialValues() throws {
        let reference = try libmHypotf()
        for x in Self.specials {
            for y in Self.specials {
                let ours = GlibcCompat.hypotf(x, y)
                let theirs = reference(x, y)
                #expect(agree(ours, theirs), "hypotf(\(x), \(y)): ours \(ours), libm \(theirs)")
            }
        }
    }

    @Test func agreesWithLibmOnRandomBitPatterns() throws {
        let reference = try libmHypotf()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func nextBits() -> UInt32 {  // xorshift64*: deterministic, so a failure reproduces
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return UInt32(truncatingIfNeeded: (state &* 0x2545_F491_4F6C_DD1D) >> 32)
        }
        var disagreements: [String] = []
        for _ in 0..<200_000 {
            let x = Float(bitPattern: nextBits())
            // Half the pairs have close exponents, where rounding of the sum matters most.
            let y = state & 1 == 0 ? Float(bitPattern: nextBits()) : x * Float(bitPattern: 0x3F00_0000 | (nextBits() & 0x00FF_FFFF))
            if !agree(GlibcCompat.hypotf(x, y), reference(x, y)), disagreements.count < 5 {
                disagreements.append("hypotf(\(x), \(y))")
            }
        }
        #expect(disagreements.isEmpty)
    }

    @Test func overflowSetsERANGELikeLibm() throws {
        let reference = try libmHypotf()
        errno = 0
        _ = reference(.greatestFiniteMagnitude, .greatestFiniteMagnitude)
        let libmErrno = errno
        errno = 0
        let ours = GlibcCompat.hypotf(.greatestFiniteMagnitude, .greatestFiniteMagnitude)
        #expect(ours == .infinity)
        #expect(errno == libmErrno)
        #expect(errno == ERANGE)
    }
}

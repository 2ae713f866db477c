import Primitives
/// CloudTrail event names that carry the API version they were called through: Lambda
/// (`GetFunction20150331v2`, `ListFunctions20150331`, `PublishLayerVersion20181031`) and
/// CloudFront (`CreateDistribution2020_05_31`). Only these dated shapes are stripped; a name
/// that merely ends in a digit or a `v` (`ListObjectsV2`, `DescribeDBInstances`) is kept.
enum VersionSuffix {
    /// The name without its version suffix, or nil when it has none.
    static func strip(_ name: String) -> String? {
        let characters = Array(name)
        // Lambda: eight digits (a 19xx/20xx date), optionally followed by `v` and digits.
        var end = characters.count
        var digitsAfterV = 0
        while end > 0, characters[end - 1].isASCIIDigit {
            end -= 1
            digitsAfterV += 1
        }
        if digitsAfterV > 0, end > 0, characters[end - 1] == "v" {
            end -= 1
        } else {
            end = characters.count
        }
        if end >= 9, isDate(characters[(end - 8)..<end]), !characters[end - 9].isASCIIDigit {
            return String(characters[..<(end - 8)])
        }
        // CloudFront: `yyyy_mm_dd`.
        let count = characters.count
        if count >= 11 {
            let tail = characters[(count - 10)...]
            let shape = tail.enumerated().allSatisfy { offset, character in
                offset == 4 || offset == 7 ? character == "_" : character.isASCIIDigit
            }
            if shape, isDate(tail.filter { $0 != "_" }[...]), !characters[count - 11].isASCIIDigit {
                return String(characters[..<(count - 10)])
            }
        }
        return nil
    }

    /// `yyyymmdd` with a plausible year, month and day.
    private static func isDate(_ digits: ArraySlice<Character>) -> Bool {
        guard digits.count == 8, digits.allSatisfy(\.isASCIIDigit), let value = Int(String(digits)) else {
            return false
        }
        let year = value / 10000, month = value / 100 % 100, day = value % 100
        return (1990...2099).contains(year) && (1...12).contains(month) && (1...31).contains(day)
    }
}

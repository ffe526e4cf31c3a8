@testable import Scoring
import Testing

@Suite struct BinningTests {
    @Test func fewDistinctValuesGetABinEachWithMidpointBounds() throws {
        let matrix = try FeatureMatrix(featureNames: ["x"], rows: [[3], [1], [2], [2], [.nan], [1]])
        let mapper = try BinMapper.fit(matrix)
        #expect(mapper.features[0].upperBounds == [1.5, 2.5, .infinity])
        #expect(mapper.features[0].binCount == 4)
        let binned = try mapper.transform(matrix)
        #expect(Array(binned.bins) == [2, 0, 1, 1, 3, 0])
        #expect(mapper.features[0].bin(of: 1.5) == 0)
        #expect(mapper.features[0].bin(of: 1.5000001) == 1)
        #expect(mapper.features[0].bin(of: 1e30) == 2)
        #expect(mapper.features[0].bin(of: -1e30) == 0)
    }

    @Test func manyDistinctValuesAreCutAtQuantiles() throws {
        let values = (0..<10_000).map { [Float($0)] }
        let mapper = try BinMapper.fit(try FeatureMatrix(featureNames: ["x"], rows: values), parameters: BinningParameters(maxBins: 10))
        let bounds = mapper.features[0].upperBounds
        #expect(bounds.count == 10)
        #expect(bounds.dropLast() == [999.5, 1999.5, 2999.5, 3999.5, 4999.5, 5999.5, 6999.5, 7999.5, 8999.5])
    }

    @Test func aHeavyValueGetsABinOfItsOwn() throws {
        // Half the rows are 0; the rest spread over 1...5000.
        let values = (0..<5000).map { _ in [Float(0)] } + (1...5000).map { [Float($0)] }
        let mapper = try BinMapper.fit(try FeatureMatrix(featureNames: ["x"], rows: values), parameters: BinningParameters(maxBins: 6))
        let bounds = mapper.features[0].upperBounds
        #expect(bounds.first == 0.5)
        #expect(bounds.count == 6)
        let binned = try mapper.transform(try FeatureMatrix(featureNames: ["x"], rows: values))
        var sizes = [Int](repeating: 0, count: mapper.features[0].binCount)
        for bin in binned.bins { sizes[Int(bin)] += 1 }
        #expect(sizes[0] == 5000)
        #expect(sizes[1...5].allSatisfy { abs($0 - 1000) <= 1 })
    }

    @Test func anAllMissingOrConstantColumnStillBins() throws {
        let matrix = try FeatureMatrix(featureNames: ["empty", "constant"], rows: [[.nan, 4], [.nan, 4]])
        let mapper = try BinMapper.fit(matrix)
        #expect(mapper.features[0].upperBounds == [.infinity])
        #expect(mapper.features[1].upperBounds == [.infinity])
        let binned = try mapper.transform(matrix)
        #expect(Array(binned.bins) == [1, 1, 0, 0])
    }

    @Test func boundsComeFromASeededSampleAndAreTheSameForAnyThreadCount() throws {
        var generator = SeededGenerator(seed: 3)
        let rows = (0..<30_000).map { _ in (0..<4).map { _ in Float(generator.next() % 100_000) / 7 } }
        let matrix = try FeatureMatrix(featureNames: ["a", "b", "c", "d"], rows: rows)
        let parameters = BinningParameters(maxBins: 63, sampleSize: 5_000, seed: 9)
        let one = try BinMapper.fit(matrix, parameters: parameters, parallelism: .serial)
        let four = try BinMapper.fit(matrix, parameters: parameters, parallelism: Parallelism(threads: 4))
        #expect(one == four)
        #expect(try one.transform(matrix, parallelism: .serial) == four.transform(matrix, parallelism: Parallelism(threads: 3)))
        #expect(BinMapper.sampleRows(count: 30_000, size: 5_000, seed: 9).count == 5_000)
        #expect(BinMapper.sampleRows(count: 30_000, size: 5_000, seed: 9) == BinMapper.sampleRows(count: 30_000, size: 5_000, seed: 9))
        #expect(BinMapper.sampleRows(count: 10, size: 5_000, seed: 9) == Array(0..<10))
    }

    @Test func theRadixSortOrdersLikeTheStandardSort() {
        var generator = SeededGenerator(seed: 77)
        var values: [Float] = [0, -0, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude, -1, 1]
        for _ in 0..<5000 { values.append(Float(bitPattern: UInt32(truncatingIfNeeded: generator.next())).isNaN ? 3 : Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()))) }
        values = values.filter { !$0.isNaN }
        #expect(BinMapper.radixSorted(values) == values.sorted())
    }

    @Test func adjacentFloatsKeepTheLowerValueInTheLowerBin() {
        let low: Float = 1
        let high = low.nextUp
        let bound = BinMapper.midpoint(low, high)
        #expect(low <= bound && bound < high)
    }

    @Test func maxBinsOutsideTheByteRangeIsRefused() throws {
        let matrix = try FeatureMatrix(featureNames: ["x"], rows: [[1]])
        #expect(throws: ScoringError.invalidParameter(name: "maxBins", value: "256", reason: "must be between 2 and 255 (bins are stored as UInt8)")) {
            try BinMapper.fit(matrix, parameters: BinningParameters(maxBins: 256))
        }
        let mapper = try BinMapper.fit(matrix)
        #expect(throws: ScoringError.self) { try mapper.transform(try FeatureMatrix(featureNames: ["y"], rows: [[1]])) }
    }
}

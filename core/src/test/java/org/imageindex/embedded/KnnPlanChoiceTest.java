package org.imageindex.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.imageindex.search.KnnPlan;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.VectorSignature;
import org.junit.jupiter.api.Test;

/** The cost model that picks the exact scan or the graph walk from the filter's cardinality. */
class KnnPlanChoiceTest {

    @Test
    void fewerMatchesThanCandidatesAlwaysScan() {
        assertEquals(KnnPlan.EXACT_SCAN, VectorSearch.cheaper(0, 1_000_000, 100));
        assertEquals(KnnPlan.EXACT_SCAN, VectorSearch.cheaper(100, 1_000_000, 100));
        assertEquals(KnnPlan.EXACT_SCAN, VectorSearch.cheaper(5, 5, 100));
    }

    @Test
    void selectiveFiltersScanAndBroadOnesWalk() {
        // 100,000 records, 100 candidates: a walk costs ~6,900 comparisons unfiltered, ten times that at 10 %.
        assertEquals(KnnPlan.EXACT_SCAN, VectorSearch.cheaper(1_000, 100_000, 100));
        assertEquals(KnnPlan.EXACT_SCAN, VectorSearch.cheaper(10_000, 100_000, 100));
        assertEquals(KnnPlan.GRAPH, VectorSearch.cheaper(50_000, 100_000, 100));
        assertEquals(KnnPlan.GRAPH, VectorSearch.cheaper(100_000, 100_000, 100));
        // 1,000,000 records: 1 % is scanned, 10 % walked.
        assertEquals(KnnPlan.EXACT_SCAN, VectorSearch.cheaper(10_000, 1_000_000, 100));
        assertEquals(KnnPlan.GRAPH, VectorSearch.cheaper(100_000, 1_000_000, 100));
        // More candidates make the walk dearer, so a broader filter is still scanned.
        assertEquals(KnnPlan.GRAPH, VectorSearch.cheaper(40_000, 100_000, 100));
        assertEquals(KnnPlan.EXACT_SCAN, VectorSearch.cheaper(40_000, 100_000, 1_000));
    }

    @Test
    void thePlanIsPartOfTheRequest() {
        SearchQuery q = SearchQuery.vector(new float[] {1, 0});
        assertEquals(KnnPlan.AUTO, KnnRequest.builder(VectorSignature.SIMILARITY, q).build().plan());
        assertEquals(KnnPlan.GRAPH, KnnRequest.builder(VectorSignature.SIMILARITY, q).plan(KnnPlan.GRAPH).build().plan());
        assertEquals("plan", org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> KnnRequest.builder(VectorSignature.SIMILARITY, q).plan(null)).getMessage());
    }
}

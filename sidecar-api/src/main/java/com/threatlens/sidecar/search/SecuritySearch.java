package com.threatlens.sidecar.search;

/**
 * The optimized security search over the application's ThreatLens database; implemented by the
 * agent. A request reaches it checked (see {@link SearchEndpoints}); the implementation may still
 * refuse it with an {@link com.threatlens.sidecar.ApiException} (a cursor that is not its own,
 * no database found yet).
 */
public interface SecuritySearch {

    SearchPage search(SearchRequest request);
}

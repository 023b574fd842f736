package com.threatlens.example;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatlens.example.data.DatabaseFile;
import com.threatlens.example.http.AnalyticsRoutes;
import com.threatlens.example.http.ApiHandler;
import com.threatlens.example.http.ApiServer;
import com.threatlens.example.http.DebugRoutes;
import com.threatlens.example.http.HealthRoutes;
import com.threatlens.example.http.JsonMappers;
import com.threatlens.example.http.Router;
import com.threatlens.example.http.SearchRoutes;
import com.threatlens.example.http.WikiRoutes;
import com.threatlens.example.service.HealthService;
import com.threatlens.example.service.SecurityAnalyticsService;
import com.threatlens.example.service.SecuritySearchService;
import com.threatlens.example.service.WikiService;
import java.io.IOException;
import java.time.Clock;

/** Wires the services to their HTTP routes and starts the server. */
public final class ThreatLensApplication {

    public static final int HTTP_THREADS = 16;

    private ThreatLensApplication() {
    }

    public static ApiServer start(DatabaseFile database, String host, int port) throws IOException {
        return start(database, host, port, Clock.systemUTC());
    }

    /** The clock decides "now" for timestamps of writes and for analytics windows. */
    public static ApiServer start(DatabaseFile database, String host, int port, Clock clock) throws IOException {
        ObjectMapper mapper = JsonMappers.create();
        Router router = new Router();
        new WikiRoutes(new WikiService(database, clock), mapper).register(router);
        new SearchRoutes(new SecuritySearchService(database)).register(router);
        new AnalyticsRoutes(new SecurityAnalyticsService(database, clock)).register(router);
        new HealthRoutes(new HealthService(database)).register(router);
        new DebugRoutes().register(router);
        return ApiServer.start(host, port, new ApiHandler(router, mapper), HTTP_THREADS);
    }
}

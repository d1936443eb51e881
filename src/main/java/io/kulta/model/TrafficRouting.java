package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class TrafficRouting {
    public GatewayApiRouting gatewayAPI;

    public TrafficRouting() {
    }

    @JsonCreator(mode = JsonCreator.Mode.DISABLED)   // for code only: "x" is no object, whatever Jackson would make of it
    public TrafficRouting(String httpRoute) {
        this.gatewayAPI = new GatewayApiRouting();
        this.gatewayAPI.httpRoute = httpRoute;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)

    public static class GatewayApiRouting {
        @io.fabric8.generator.annotation.Required
        @io.fabric8.generator.annotation.Size(min = 1)
        public String httpRoute;
    }
}

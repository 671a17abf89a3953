export { openTelemetry, type OpenTelemetryOptions, REQUEST_DURATION } from './open-telemetry';

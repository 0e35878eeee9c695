// The file NODE_OPTIONS --require loads in an injected container: the operator's image makes it
// a link to the auto-instrumentations' register entry point; here it requires that entry point.
require('@opentelemetry/auto-instrumentations-node/register');

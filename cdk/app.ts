import { App } from 'aws-cdk-lib';
import { buildSluiceApp } from './sluice-app.ts';

// The account and region come from the CLI's credentials at deploy time (environment-agnostic
// stack), so synth needs no AWS access.
buildSluiceApp(new App());

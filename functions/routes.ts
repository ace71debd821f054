export * from '../shared/api/routes.ts';

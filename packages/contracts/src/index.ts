import './formats';

export * from './formats';
export * from './http/envelope.schema';
export * from './http/route.types';
export * from './http/users.schema';
export * from './routes/users.routes';

import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthMaintenance } from './auth-maintenance';
import { CurrentPassword } from './current-password';
import { ClientJwtStrategy, StaffJwtStrategy, SubjectJwtStrategy } from './jwt.strategies';
import { LoginFailure } from './login-failure.entity';
import { LoginThrottle } from './login-throttle';
import { PasswordLogin } from './password-login';
import { Passwords } from './passwords';
import { jwtKey } from './principal';
import { Principals } from './principals';
import { Session } from './session.entity';
import { Sessions } from './sessions';
import { Tokens } from './tokens';

@Global()
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: jwtKey(config),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    TypeOrmModule.forFeature([Session, LoginFailure]),
  ],
  controllers: [AuthController],
  providers: [
    Sessions,
    Tokens,
    Passwords,
    LoginThrottle,
    PasswordLogin,
    CurrentPassword,
    Principals,
    StaffJwtStrategy,
    ClientJwtStrategy,
    SubjectJwtStrategy,
    AuthMaintenance,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [Sessions, Tokens, Passwords, PasswordLogin, CurrentPassword, LoginThrottle, Principals],
})
export class AuthModule {}

import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import { Public } from '@poe/platform';
import { IsString, Matches } from 'class-validator';
import type { AuthenticatedRequest } from './auth.guard';
import { DevIssuer } from './token-verifier';

export class DevTokenRequest {
  @IsString()
  @Matches(/^[a-z0-9-]{1,64}$/)
  username!: string;
}

/** Dev-mode only (registered when AUTH_MODE=dev): mints tokens for the demo users. */
@Controller()
export class DevAuthController {
  constructor(private readonly issuer: DevIssuer) {}

  @Public()
  @Post('api/v1/auth/dev-token')
  async devToken(@Body() body: DevTokenRequest) {
    return { access_token: await this.issuer.mint(body.username), token_type: 'Bearer', expires_in: 3600 };
  }

  @Public()
  @Get('api/v1/auth/demo-users')
  users() {
    return { users: this.issuer.listUsers() };
  }

  @Public()
  @Get('.well-known/jwks.json')
  jwks() {
    return { keys: [this.issuer.publicJwk] };
  }
}

@Controller('api/v1')
export class MeController {
  /** Who the token says the caller is: the quickest check that authentication works. */
  @Get('me')
  me(@Req() req: AuthenticatedRequest) {
    return req.identity;
  }
}
